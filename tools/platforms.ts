// The Node.js releases aura-miner supports (README, "Supported platforms"): the maintained LTS lines. The
// image builds on the newest; `npm run test:node-versions` runs the suites on each; engines allows them.
export const SUPPORTED_NODE_MAJORS = [22, 24, 26] as const;
export const IMAGE_NODE_MAJOR = Math.max(...SUPPORTED_NODE_MAJORS);
