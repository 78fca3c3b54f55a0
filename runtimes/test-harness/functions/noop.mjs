// The trivial handler bench.py measures the Node.js runtime's own overhead with.
export const handler = async () => ({ ok: true });
