// The one "closer than eps" test shared by DBSCAN, its single-vector scorer and the eps choice.

export interface EpsTest {
  eps: number;
  /** Squared distances below this are surely < eps (a box wholly inside counts without distances). */
  innerSq: number;
  /** Squared distances above this are surely >= eps (a box wholly outside is skipped). */
  outerSq: number;
  /** `Math.sqrt(sq) < eps`, the comparison density-clustering makes, with the sqrt only near the edge. */
  test(sq: number): boolean;
}

/**
 * The margins (1e-9 relative) only decide whole tree boxes and skip square roots far from
 * the edge; a distance near eps is decided by the same `Math.sqrt(sum) < eps` as
 * density-clustering, so both agree on every pair, ties included.
 */
export function createEpsTest(eps: number): EpsTest {
  const innerSq = eps * eps * (1 - 1e-9);
  const outerSq = eps * eps * (1 + 1e-9);
  return {
    eps,
    innerSq,
    outerSq,
    test: (sq) => sq < innerSq || (sq <= outerSq && Math.sqrt(sq) < eps),
  };
}
