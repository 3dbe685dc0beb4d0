// A client whose statements are refused once its transaction has ended.
import type pg from 'pg';

export class TransactionEndedError extends Error {}

/**
 * `client` as seen by the steps of one transaction: `query` throws once `open()` is false. A step still
 * running when the transaction ends (etl stores scores while its transform runs; a failure of the
 * transform rolls back) cannot go on with its next statement outside the transaction, in autocommit.
 * Statements issued before the end were queued before the ROLLBACK or COMMIT and run inside it.
 */
export function inTransaction<C extends pg.ClientBase>(client: C, open: () => boolean): C {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'query') {
        return (...args: unknown[]) => {
          if (!open()) throw new TransactionEndedError('the load transaction has ended; no statement runs outside it');
          return (target.query as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
