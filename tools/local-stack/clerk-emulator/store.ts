import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './persistence.ts';

export interface UserRecord {
  id: string;
  emailId: string;
  email: string;
  passwordHash: string | null;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  externalId: string | null;
  publicMetadata: Record<string, unknown>;
  privateMetadata: Record<string, unknown>;
  unsafeMetadata: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  lastSignInAt: number | null;
  lastActiveAt: number | null;
}

export type SessionStatus = 'active' | 'revoked' | 'ended' | 'removed' | 'expired';

export interface SessionRecord {
  id: string;
  userId: string;
  clientId: string;
  status: SessionStatus;
  createdAt: number;
  updatedAt: number;
  lastActiveAt: number;
  expireAt: number;
  abandonAt: number;
  /** The session's active organization (Clerk's last_active_organization_id); absent or null: personal. */
  lastActiveOrganizationId?: string | null;
}

/** The two roles every Clerk instance has by default. */
export const ORGANIZATION_ROLES = ['org:admin', 'org:member'] as const;

export interface OrganizationRecord {
  id: string;
  name: string;
  slug: string;
  createdBy: string | null;
  maxAllowedMemberships: number;
  adminDeleteEnabled: boolean;
  publicMetadata: Record<string, unknown>;
  privateMetadata: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface MembershipRecord {
  id: string;
  organizationId: string;
  userId: string;
  /** A role key with its `org:` prefix: `org:admin` or `org:member`. */
  role: string;
  publicMetadata: Record<string, unknown>;
  privateMetadata: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

/** A browser, identified by the emulator's own client cookie (the value is `cookieToken`). */
export interface ClientRecord {
  id: string;
  cookieToken: string;
  sessionIds: string[];
  lastActiveSessionId: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A JWT template (Clerk Dashboard → JWT templates); `signingKey` is kept only for custom signing keys. */
export interface JwtTemplateRecord {
  id: string;
  name: string;
  claims: Record<string, unknown>;
  lifetime: number;
  allowedClockSkew: number;
  customSigningKey: boolean;
  signingAlgorithm: string;
  signingKey: string | null;
  createdAt: number;
  updatedAt: number;
}

export type JwtTemplateInput = Omit<JwtTemplateRecord, 'id' | 'createdAt' | 'updatedAt'>;

interface StoreData {
  users: UserRecord[];
  sessions: SessionRecord[];
  clients: ClientRecord[];
  jwtTemplates: JwtTemplateRecord[];
  organizations: OrganizationRecord[];
  memberships: MembershipRecord[];
}

const SESSION_LIFETIME_MS = 7 * 24 * 3600 * 1000; // Clerk's default inactivity/max lifetime is 7 days

/** Clerk-looking ids: prefix + 27 base62-ish characters. */
export function newId(prefix: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(27);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return `${prefix}_${out}`;
}

/** Users, sessions, clients and JWT templates in one JSON file under dataDir; all reads are in memory. */
export class Store {
  private data: StoreData = {
    users: [],
    sessions: [],
    clients: [],
    jwtTemplates: [],
    organizations: [],
    memberships: [],
  };
  /** False until templates were ever stored: the caller then seeds the defaults (a deleted one stays deleted). */
  templatesInitialised = false;
  private writing: Promise<void> = Promise.resolve();
  private readonly file: string;

  private constructor(dataDir: string) {
    this.file = join(dataDir, 'store.json');
  }

  static async open(dataDir: string): Promise<Store> {
    const store = new Store(dataDir);
    try {
      const parsed = JSON.parse(await readFile(store.file, 'utf8')) as Partial<StoreData>;
      store.data = {
        users: parsed.users ?? [],
        sessions: parsed.sessions ?? [],
        clients: parsed.clients ?? [],
        jwtTemplates: parsed.jwtTemplates ?? [],
        organizations: parsed.organizations ?? [],
        memberships: parsed.memberships ?? [],
      };
      store.templatesInitialised = parsed.jwtTemplates !== undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return store;
  }

  /** Serialised so concurrent requests never interleave writes; callers may await durability. */
  save(): Promise<void> {
    const snapshot = JSON.stringify(this.data, null, 2);
    this.writing = this.writing.then(() => writeFileAtomic(this.file, snapshot, 0o600));
    return this.writing;
  }

  flush(): Promise<void> {
    return this.writing;
  }

  // Users
  listUsers(): UserRecord[] {
    return [...this.data.users].sort((a, b) => b.createdAt - a.createdAt);
  }

  getUser(id: string): UserRecord | undefined {
    return this.data.users.find((u) => u.id === id);
  }

  findUserByEmail(email: string): UserRecord | undefined {
    const wanted = email.trim().toLowerCase();
    return this.data.users.find((u) => u.email === wanted);
  }

  createUser(input: {
    email: string;
    passwordHash: string | null;
    firstName?: string | null;
    lastName?: string | null;
    username?: string | null;
    externalId?: string | null;
    publicMetadata?: Record<string, unknown>;
    privateMetadata?: Record<string, unknown>;
    unsafeMetadata?: Record<string, unknown>;
  }): UserRecord {
    const now = Date.now();
    const user: UserRecord = {
      id: newId('user'),
      emailId: newId('idn'),
      email: input.email.trim().toLowerCase(),
      passwordHash: input.passwordHash,
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      username: input.username ?? null,
      externalId: input.externalId ?? null,
      publicMetadata: input.publicMetadata ?? {},
      privateMetadata: input.privateMetadata ?? {},
      unsafeMetadata: input.unsafeMetadata ?? {},
      createdAt: now,
      updatedAt: now,
      lastSignInAt: null,
      lastActiveAt: null,
    };
    this.data.users.push(user);
    return user;
  }

  /** Deleting a user also ends its sessions and its organization memberships, as in Clerk. */
  deleteUser(id: string): boolean {
    const before = this.data.users.length;
    this.data.users = this.data.users.filter((u) => u.id !== id);
    this.data.memberships = this.data.memberships.filter((m) => m.userId !== id);
    for (const session of this.data.sessions)
      if (session.userId === id && session.status === 'active') this.setSessionStatus(session, 'revoked');
    return this.data.users.length !== before;
  }

  // Sessions
  getSession(id: string): SessionRecord | undefined {
    const session = this.data.sessions.find((s) => s.id === id);
    if (session && session.status === 'active' && session.expireAt <= Date.now())
      this.setSessionStatus(session, 'expired');
    return session;
  }

  listSessions(filter: { userId?: string; clientId?: string; status?: string }): SessionRecord[] {
    return this.data.sessions
      .map((s) => this.getSession(s.id) ?? s)
      .filter(
        (s) =>
          (!filter.userId || s.userId === filter.userId) &&
          (!filter.clientId || s.clientId === filter.clientId) &&
          (!filter.status || s.status === filter.status),
      )
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  createSession(user: UserRecord, client: ClientRecord): SessionRecord {
    const now = Date.now();
    const session: SessionRecord = {
      id: newId('sess'),
      userId: user.id,
      clientId: client.id,
      status: 'active',
      createdAt: now,
      updatedAt: now,
      lastActiveAt: now,
      expireAt: now + SESSION_LIFETIME_MS,
      abandonAt: now + SESSION_LIFETIME_MS,
    };
    this.data.sessions.push(session);
    // Single-session mode, like Clerk's default: a new sign-in replaces the client's previous session.
    for (const previousId of client.sessionIds) {
      const previous = this.getSession(previousId);
      if (previous?.status === 'active') this.setSessionStatus(previous, 'ended');
    }
    client.sessionIds = [session.id];
    client.lastActiveSessionId = session.id;
    client.updatedAt = now;
    user.lastSignInAt = now;
    user.lastActiveAt = now;
    user.updatedAt = now;
    return session;
  }

  setSessionStatus(session: SessionRecord, status: SessionStatus): void {
    session.status = status;
    session.updatedAt = Date.now();
    const client = this.data.clients.find((c) => c.id === session.clientId);
    if (client && status !== 'active') {
      client.sessionIds = client.sessionIds.filter((id) => id !== session.id);
      if (client.lastActiveSessionId === session.id) client.lastActiveSessionId = null;
      // client.updatedAt feeds __client_uat; signing out must move it forward.
      client.updatedAt = Date.now();
    }
  }

  // Clients
  getClientByCookie(token: string | undefined): ClientRecord | undefined {
    if (!token) return undefined;
    return this.data.clients.find((c) => c.cookieToken === token);
  }

  getClient(id: string): ClientRecord | undefined {
    return this.data.clients.find((c) => c.id === id);
  }

  createClient(): ClientRecord {
    const now = Date.now();
    const client: ClientRecord = {
      id: newId('client'),
      cookieToken: randomBytes(32).toString('base64url'),
      sessionIds: [],
      lastActiveSessionId: null,
      createdAt: now,
      updatedAt: now,
    };
    this.data.clients.push(client);
    return client;
  }

  /** The client's active session, if it still has one. */
  activeSessionOf(client: ClientRecord | undefined): SessionRecord | undefined {
    if (!client?.lastActiveSessionId) return undefined;
    const session = this.getSession(client.lastActiveSessionId);
    return session?.status === 'active' && this.getUser(session.userId) ? session : undefined;
  }

  /** Signs a browser out: its active session, if any, ends. Persisted. */
  async endActiveSession(client: ClientRecord | undefined): Promise<void> {
    const session = this.activeSessionOf(client);
    if (session) this.setSessionStatus(session, 'ended');
    await this.save();
  }

  // JWT templates
  listJwtTemplates(): JwtTemplateRecord[] {
    return [...this.data.jwtTemplates].sort((a, b) => a.createdAt - b.createdAt);
  }

  getJwtTemplate(id: string): JwtTemplateRecord | undefined {
    return this.data.jwtTemplates.find((t) => t.id === id);
  }

  findJwtTemplateByName(name: string): JwtTemplateRecord | undefined {
    return this.data.jwtTemplates.find((t) => t.name === name);
  }

  createJwtTemplate(input: JwtTemplateInput): JwtTemplateRecord {
    const now = Date.now();
    const template: JwtTemplateRecord = { ...input, id: newId('jtmp'), createdAt: now, updatedAt: now };
    this.data.jwtTemplates.push(template);
    this.templatesInitialised = true;
    return template;
  }

  updateJwtTemplate(template: JwtTemplateRecord, input: JwtTemplateInput): JwtTemplateRecord {
    Object.assign(template, input, { updatedAt: Date.now() });
    return template;
  }

  deleteJwtTemplate(id: string): boolean {
    const before = this.data.jwtTemplates.length;
    this.data.jwtTemplates = this.data.jwtTemplates.filter((t) => t.id !== id);
    return this.data.jwtTemplates.length !== before;
  }

  // Organizations
  listOrganizations(): OrganizationRecord[] {
    return [...this.data.organizations].sort((a, b) => b.createdAt - a.createdAt);
  }

  /** By id or by slug, as Clerk's `GET /v1/organizations/{organization_id}` accepts either. */
  getOrganization(idOrSlug: string): OrganizationRecord | undefined {
    return (
      this.data.organizations.find((o) => o.id === idOrSlug) ?? this.data.organizations.find((o) => o.slug === idOrSlug)
    );
  }

  createOrganization(input: {
    name: string;
    slug: string;
    createdBy: string | null;
    maxAllowedMemberships?: number;
    publicMetadata?: Record<string, unknown>;
    privateMetadata?: Record<string, unknown>;
  }): OrganizationRecord {
    const now = Date.now();
    const organization: OrganizationRecord = {
      id: newId('org'),
      name: input.name,
      slug: input.slug,
      createdBy: input.createdBy,
      maxAllowedMemberships: input.maxAllowedMemberships ?? 0,
      adminDeleteEnabled: true,
      publicMetadata: input.publicMetadata ?? {},
      privateMetadata: input.privateMetadata ?? {},
      createdAt: now,
      updatedAt: now,
    };
    this.data.organizations.push(organization);
    // Clerk makes the creator its first admin.
    if (input.createdBy) this.createMembership(organization, input.createdBy, 'org:admin');
    return organization;
  }

  /** Deletes the organization with its memberships; sessions that had it active fall back to personal. */
  deleteOrganization(id: string): { organization: OrganizationRecord; memberships: MembershipRecord[] } | undefined {
    const organization = this.data.organizations.find((o) => o.id === id);
    if (!organization) return undefined;
    const memberships = this.data.memberships.filter((m) => m.organizationId === id);
    this.data.organizations = this.data.organizations.filter((o) => o.id !== id);
    this.data.memberships = this.data.memberships.filter((m) => m.organizationId !== id);
    for (const session of this.data.sessions)
      if (session.lastActiveOrganizationId === id) session.lastActiveOrganizationId = null;
    return { organization, memberships };
  }

  listMemberships(filter: { organizationId?: string; userId?: string }): MembershipRecord[] {
    return this.data.memberships
      .filter(
        (m) =>
          (!filter.organizationId || m.organizationId === filter.organizationId) &&
          (!filter.userId || m.userId === filter.userId),
      )
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  getMembership(organizationId: string, userId: string): MembershipRecord | undefined {
    return this.data.memberships.find((m) => m.organizationId === organizationId && m.userId === userId);
  }

  createMembership(organization: OrganizationRecord, userId: string, role: string): MembershipRecord {
    const now = Date.now();
    const membership: MembershipRecord = {
      id: newId('orgmem'),
      organizationId: organization.id,
      userId,
      role,
      publicMetadata: {},
      privateMetadata: {},
      createdAt: now,
      updatedAt: now,
    };
    this.data.memberships.push(membership);
    organization.updatedAt = now;
    return membership;
  }

  /** Removes a membership; the user's sessions that had that organization active fall back to personal. */
  deleteMembership(membership: MembershipRecord): void {
    this.data.memberships = this.data.memberships.filter((m) => m.id !== membership.id);
    for (const session of this.data.sessions)
      if (session.userId === membership.userId && session.lastActiveOrganizationId === membership.organizationId)
        session.lastActiveOrganizationId = null;
  }

  /**
   * The session's active organization (or the one `id` names, for a token minted for it) and the user's
   * membership in it, while both still exist.
   */
  activeOrganizationOf(
    session: SessionRecord,
    id: string | null | undefined = session.lastActiveOrganizationId,
  ): { organization: OrganizationRecord; membership: MembershipRecord } | undefined {
    const organization = id ? this.data.organizations.find((o) => o.id === id) : undefined;
    const membership = organization ? this.getMembership(organization.id, session.userId) : undefined;
    return organization && membership ? { organization, membership } : undefined;
  }

  /**
   * Activates an organization (by id or slug) on the session when its user is a member; '' activates the
   * personal account. Anything else leaves the session as it was. Returns whether it changed.
   */
  setActiveOrganization(session: SessionRecord, idOrSlug: string): boolean {
    let next: string | null;
    if (idOrSlug === '') next = null;
    else {
      const organization = this.getOrganization(idOrSlug);
      if (!organization || !this.getMembership(organization.id, session.userId)) return false;
      next = organization.id;
    }
    if ((session.lastActiveOrganizationId ?? null) === next) return false;
    session.lastActiveOrganizationId = next;
    session.updatedAt = Date.now();
    return true;
  }
}
