import type { Section } from './report.ts';
export interface AppSettings { rounds: number; durationSeconds: number; connections: number; pageViews: number; clerkRounds: number; memoryRequests: number }
export async function benchApp(_s: AppSettings, log: (line: string) => void): Promise<Section[]> { log('app parts: TODO'); return []; }
