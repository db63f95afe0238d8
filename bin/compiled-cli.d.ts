// Types of bin/compiled-cli.js (plain JavaScript: it runs before any TypeScript loader is registered).
export declare const buildStampFile: string;
export declare function sourceState(root: string): { files: number; newestMtimeMs: number };
export declare function buildIsCurrent(root: string): boolean;
export declare function currentCompiledEntry(root: string): string | undefined;
