// Per-user sums of the scores a model's first run stores, added up while the texts stream (no second pass in SQL).
import { roundScore } from './score-texts.js';

/**
 * user_text_negativity's rows for a first run: the sum of each user's scores in integer micro-units and
 * their count. Exactly what SQL's `sum(round(score * 1e6))` gives over the stored float4 scores, so the
 * sums equal a rebuild from text_sentiment_scores (tested); it saves that rebuild, a pass over every
 * stored score at the end of the run.
 */
export class UserScoreSums {
  private readonly index = new Map<string, number>();
  private micro = new Float64Array(1024);
  private count = new Int32Array(1024);

  add(user: string, score: number): void {
    let i = this.index.get(user);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(user, i);
      if (i === this.micro.length) this.grow();
    }
    // The stored value is a float4: round from it, as PostgreSQL does.
    this.micro[i] += Math.round(Math.fround(roundScore(score)) * 1e6);
    this.count[i]++;
  }

  get users(): number {
    return this.index.size;
  }

  /** [user, score_sum_micro, texts] per user. */
  *entries(): Generator<[string, number, number]> {
    for (const [user, i] of this.index) yield [user, this.micro[i], this.count[i]];
  }

  private grow(): void {
    const micro = new Float64Array(this.micro.length * 2);
    micro.set(this.micro);
    const count = new Int32Array(this.count.length * 2);
    count.set(this.count);
    this.micro = micro;
    this.count = count;
  }
}
