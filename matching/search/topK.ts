/** The `k` best items by `compare`, without sorting them all. */
export function topK<T>(items: T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (items.length <= k * 4) return items.sort(compare).slice(0, k);
  const best: T[] = [];
  for (const item of items) {
    if (best.length < k) {
      best.push(item);
      if (best.length === k) best.sort(compare);
    } else if (compare(item, best[k - 1]) < 0) {
      let at = k - 1;
      while (at > 0 && compare(item, best[at - 1]) < 0) at--;
      best.splice(at, 0, item);
      best.pop();
    }
  }
  return best;
}
