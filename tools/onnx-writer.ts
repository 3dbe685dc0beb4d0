// Encodes an ONNX ModelProto from a plain graph description, so the project can build its own models without a protobuf dependency.
import { closeSync, openSync, writeSync } from 'node:fs';

/** ONNX TensorProto.DataType codes for the two element types the project's graphs use. */
const ELEMENT_TYPE = { float32: 1, int64: 7 } as const;
export type ElementType = keyof typeof ELEMENT_TYPE;

/** An initializer; data is written as raw little-endian bytes (the layout of typed arrays on x86 and ARM). */
export interface OnnxTensor {
  name: string;
  type: ElementType;
  dims: readonly number[];
  data: Float32Array | BigInt64Array;
}

export type OnnxAttribute = { int: number } | { float: number } | { ints: readonly number[] };

export interface OnnxNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: Readonly<Record<string, OnnxAttribute>>;
}

/** A graph input or output; a string dimension is symbolic (dynamic), e.g. 'batch'. */
export interface OnnxValueInfo {
  name: string;
  type: ElementType;
  shape: readonly (number | string)[];
}

export interface OnnxModel {
  /** Default-domain opset the nodes are written against. */
  opset: number;
  name: string;
  docString?: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
}

/** IR version 8 goes with opsets up to 18 and is read by every onnxruntime since 1.10. */
const IR_VERSION = 8;
const WIRE_VARINT = 0;
const WIRE_FIXED32 = 5;
const WIRE_BYTES = 2;

/** Appends protobuf fields to a list of chunks; large byte arrays are kept as views, never copied. */
class ProtoWriter {
  readonly chunks: Uint8Array[] = [];
  length = 0;

  uint(field: number, value: number | bigint): this {
    this.key(field, WIRE_VARINT);
    return this.varint(BigInt.asUintN(64, BigInt(value)));
  }

  float(field: number, value: number): this {
    this.key(field, WIRE_FIXED32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.push(bytes);
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, WIRE_BYTES);
    this.varint(BigInt(value.byteLength));
    return this.push(value);
  }

  message(field: number, child: ProtoWriter): this {
    this.key(field, WIRE_BYTES);
    this.varint(BigInt(child.length));
    for (const chunk of child.chunks) this.push(chunk);
    return this;
  }

  private key(field: number, wire: number): void {
    this.varint(BigInt((field << 3) | wire));
  }

  private varint(value: bigint): this {
    const bytes: number[] = [];
    let rest = value;
    do {
      const low = Number(rest & 0x7fn);
      rest >>= 7n;
      bytes.push(rest > 0n ? low | 0x80 : low);
    } while (rest > 0n);
    return this.push(Uint8Array.from(bytes));
  }

  private push(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    this.length += bytes.byteLength;
    return this;
  }
}

/** The serialized model as chunks, in order; their concatenation is the .onnx file. */
export function encodeOnnxModel(model: OnnxModel): Uint8Array[] {
  const graph = new ProtoWriter();
  for (const [index, node] of model.nodes.entries()) graph.message(1, encodeNode(node, index));
  graph.string(2, model.name);
  for (const tensor of model.initializers) graph.message(5, encodeTensor(tensor));
  if (model.docString) graph.string(10, model.docString);
  for (const input of model.inputs) graph.message(11, encodeValueInfo(input));
  for (const output of model.outputs) graph.message(12, encodeValueInfo(output));
  const root = new ProtoWriter()
    .uint(1, IR_VERSION)
    .string(2, 'aura-miner')
    .message(7, graph)
    .message(8, new ProtoWriter().string(1, '').uint(2, model.opset));
  return root.chunks;
}

/** Writes the model chunk by chunk, so a model of hundreds of MB is never concatenated in memory. */
export function writeOnnxModel(path: string, model: OnnxModel): void {
  const fd = openSync(path, 'w');
  try {
    for (const chunk of encodeOnnxModel(model)) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

function encodeNode(node: OnnxNode, index: number): ProtoWriter {
  const out = new ProtoWriter();
  for (const input of node.inputs) out.string(1, input);
  for (const output of node.outputs) out.string(2, output);
  out.string(3, `${node.op}_${index}`).string(4, node.op);
  for (const [name, value] of Object.entries(node.attributes ?? {})) out.message(5, encodeAttribute(name, value));
  return out;
}

/** AttributeProto type codes: FLOAT 1, INT 2, INTS 7. */
function encodeAttribute(name: string, value: OnnxAttribute): ProtoWriter {
  const out = new ProtoWriter().string(1, name);
  if ('float' in value) return out.float(2, value.float).uint(20, 1);
  if ('int' in value) return out.uint(3, value.int).uint(20, 2);
  for (const item of value.ints) out.uint(8, item);
  return out.uint(20, 7);
}

function encodeTensor(tensor: OnnxTensor): ProtoWriter {
  const expected = tensor.dims.reduce((product, dim) => product * dim, 1);
  if (expected !== tensor.data.length) throw new RangeError(`tensor ${tensor.name}: dims hold ${expected} values, data has ${tensor.data.length}`);
  const out = new ProtoWriter();
  for (const dim of tensor.dims) out.uint(1, dim);
  out.uint(2, ELEMENT_TYPE[tensor.type]).string(8, tensor.name);
  return out.bytes(9, new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
}

function encodeValueInfo(info: OnnxValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const dim of info.shape) {
    shape.message(1, typeof dim === 'number' ? new ProtoWriter().uint(1, dim) : new ProtoWriter().string(2, dim));
  }
  const tensorType = new ProtoWriter().uint(1, ELEMENT_TYPE[info.type]).message(2, shape);
  return new ProtoWriter().string(1, info.name).message(2, new ProtoWriter().message(1, tensorType));
}
