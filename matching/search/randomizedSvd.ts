/**
 * The strongest directions of a large sparse matrix (a truncated singular value
 * decomposition), found by randomized subspace iteration (Halko, Martinsson and Tropp,
 * "Finding structure with randomness", 2011): a few passes over the matrix's entries and
 * small dense algebra, rather than an exact decomposition no corpus-sized matrix allows.
 */

/** A rows × columns matrix stored column by column: column c holds `values[p]` at row `rowOf[p]`, for p in `offsets[c]..offsets[c + 1]`. */
export interface SparseColumns {
  rows: number;
  columns: number;
  offsets: Uint32Array;
  rowOf: Uint32Array;
  values: Float32Array;
}

export interface SvdOptions {
  /** How many directions are kept. */
  rank: number;
  /** Random directions sampled beyond `rank`: they make the kept ones accurate. */
  oversampling: number;
  /** Passes of AᵀA over the sample beyond the first: each sharpens the directions of close singular values. */
  powerIterations: number;
  /** The random sample's seed: the same matrix gives the same directions. */
  seed: number;
}

export interface TruncatedSvd {
  rank: number;
  /** The singular values, largest first. */
  values: Float64Array;
  /** The right singular vectors: columns × rank, row by row (a column's coordinates). */
  right: Float32Array;
}

/** The `rank` strongest right singular vectors of the matrix, and their singular values. */
export function truncatedSvd(matrix: SparseColumns, { rank, oversampling, powerIterations, seed }: SvdOptions): TruncatedSvd {
  const width = Math.min(rank + oversampling, matrix.columns);
  const random = seededNormal(seed);
  // A basis of the space AᵀA acts most on, in the columns' space.
  let basis: Float64Array = Float64Array.from({ length: matrix.columns * width }, random);
  for (let i = 0; i <= powerIterations; i++) {
    basis = orthonormalize(product(matrix, product(matrix, basis, width), width, true), matrix.columns, width);
  }
  // Within it, the exact decomposition of the small matrix (A·basis)ᵀ(A·basis).
  const projected = product(matrix, basis, width);
  const { values, vectors } = symmetricEigen(gram(projected, matrix.rows, width), width);
  const order = [...values.keys()].sort((a, b) => values[b] - values[a]).slice(0, Math.min(rank, width));
  const right = new Float32Array(matrix.columns * order.length);
  for (let c = 0; c < matrix.columns; c++) {
    for (let k = 0; k < order.length; k++) {
      let sum = 0;
      for (let j = 0; j < width; j++) sum += basis[c * width + j] * vectors[j * width + order[k]];
      right[c * order.length + k] = sum;
    }
  }
  return { rank: order.length, values: Float64Array.from(order, (k) => Math.sqrt(Math.max(0, values[k]))), right };
}

/** A·X for X columns × width, or with `transposed` Aᵀ·Y for Y rows × width (row by row both). */
export function product(matrix: SparseColumns, input: Float64Array, width: number, transposed = false): Float64Array {
  const output = new Float64Array((transposed ? matrix.columns : matrix.rows) * width);
  for (let c = 0; c < matrix.columns; c++) {
    for (let p = matrix.offsets[c]; p < matrix.offsets[c + 1]; p++) {
      const value = matrix.values[p];
      const row = matrix.rowOf[p] * width;
      const to = transposed ? c * width : row;
      const from = transposed ? row : c * width;
      for (let j = 0; j < width; j++) output[to + j] += value * input[from + j];
    }
  }
  return output;
}

/** The columns of a rows × width matrix made orthonormal (modified Gram–Schmidt), in place. */
function orthonormalize(m: Float64Array, rows: number, width: number): Float64Array {
  const squaredNorm = (j: number) => {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += m[r * width + j] ** 2;
    return sum;
  };
  for (let j = 0; j < width; j++) {
    const before = squaredNorm(j);
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let r = 0; r < rows; r++) dot += m[r * width + i] * m[r * width + j];
      for (let r = 0; r < rows; r++) m[r * width + j] -= dot * m[r * width + i];
    }
    // A column the others already span (a matrix of fewer directions than sampled) is left
    // with rounding noise, relative to its length before: it stays zero, not a direction.
    const after = squaredNorm(j);
    const scale = after > 1e-20 * before ? 1 / Math.sqrt(after) : 0;
    for (let r = 0; r < rows; r++) m[r * width + j] *= scale;
  }
  return m;
}

/** MᵀM, width × width, for M rows × width. */
function gram(m: Float64Array, rows: number, width: number): Float64Array {
  const g = new Float64Array(width * width);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < width; i++) {
      const mi = m[r * width + i];
      if (mi === 0) continue;
      for (let j = i; j < width; j++) g[i * width + j] += mi * m[r * width + j];
    }
  }
  for (let i = 0; i < width; i++) for (let j = 0; j < i; j++) g[i * width + j] = g[j * width + i];
  return g;
}

/**
 * Eigenvalues and eigenvectors (the columns of `vectors`, n × n row by row) of a small
 * symmetric matrix, by cyclic Jacobi rotations.
 */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const scale = a.reduce((sum, x) => sum + x * x, 0);
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off <= 1e-24 * scale) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]), vectors: v };
}

/** Standard normal numbers from a seed (mulberry32 and Box–Muller). */
function seededNormal(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}
