// Types of dedupe-server-chunks.mjs (plain JavaScript: the build scripts run without TypeScript).
export declare function dedupeServerChunks(distDir: string): { files: number; bytes: number };
