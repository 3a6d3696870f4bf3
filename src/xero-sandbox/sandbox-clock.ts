/** UpdatedDateUTC source: never goes backwards, so If-Modified-Since never misses a change. */
let last = 0;
export function nextTimestamp(): number {
  last = Math.max(Date.now(), last);
  return last;
}

export const today = () => new Date().toISOString().slice(0, 10);
