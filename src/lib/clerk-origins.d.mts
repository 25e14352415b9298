type Env = Record<string, string | undefined>;

export function clerkOrigins(env?: Env): string[];
export function clerkAssetOrigins(env?: Env): string[];
