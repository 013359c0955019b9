/** The `k` best items by `compare`, without sorting them all (a typed array of ids as well as an array). */
export function topK<T>(items: ArrayLike<T>, k: number, compare: (a: T, b: T) => number): T[] {
  if (items.length <= k * 4) return Array.from(items).sort(compare).slice(0, k);
  const best: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
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
