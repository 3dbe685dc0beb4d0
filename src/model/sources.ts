// The three AURA source databases, by the short names config, datasets, connections and watch use.

export type SourceName = 'auth' | 'social' | 'messaging';
