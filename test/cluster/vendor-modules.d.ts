// Type declarations for the two untyped packages the tests compare against.
declare module 'density-clustering' {
  export class DBSCAN {
    noise: number[];
    run(dataset: number[][], epsilon: number, minPts: number): number[][];
  }
  const clustering: { DBSCAN: typeof DBSCAN };
  export default clustering;
}

declare module 'ml-isolation-forest' {
  export class IsolationForest {
    constructor(options?: { nEstimators?: number });
    train(trainingSet: number[][]): void;
    predict(data: number[][]): number[];
  }
}
