// The process's stderr as whole lines: while progress bars are drawn, lines go above them, never onto a bar's line.

/** What draws bars on the same stream (a cli-progress MultiBar): while active it prints `log` lines above the bars. */
export interface BarsOnStream {
  readonly isActive: boolean;
  log(text: string): void;
}

export interface LineWriter {
  /** Writes text that ends with a newline. */
  write(text: string): void;
}

export class StderrLines implements LineWriter {
  private bars: BarsOnStream | undefined;

  constructor(private readonly out: { write(text: string): unknown } = process.stderr) {}

  /** From now on, while `bars` is active, lines are handed to it to print above the bars. */
  attachBars(bars: BarsOnStream): void {
    this.bars = bars;
  }

  write(text: string): void {
    if (this.bars?.isActive) this.bars.log(text);
    else this.out.write(text);
  }
}
