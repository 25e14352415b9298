// Frontend API sign-in and sign-up attempts, as clerk-js and @clerk/ui drive them: email + password sign-in,
// email + password sign-up with an emailed code. No email is sent: the code is logged and shown on the
// admin page. Attempts live in memory only (like Clerk's, they are abandoned after a while).
import { randomInt } from 'node:crypto';
import type { EmulatorContext } from './context.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { FrontendSignIn, FrontendSignUp } from './resources.ts';
import { newId, type ClientRecord, type SessionRecord } from './store.ts';

const ATTEMPT_LIFETIME_MS = 24 * 3600 * 1000;
const CODE_LIFETIME_MS = 10 * 60 * 1000;

interface SignInAttempt {
  id: string;
  clientId: string;
  identifier: string | null;
  userId: string | null;
  status: FrontendSignIn['status'];
  firstFactor: { strategy: string; status: 'unverified' | 'verified' | 'failed'; attempts: number } | null;
  code: { value: string; expireAt: number } | null;
  createdSessionId: string | null;
  abandonAt: number;
}

interface SignUpAttempt {
  id: string;
  clientId: string;
  email: string | null;
  passwordHash: string | null;
  firstName: string | null;
  lastName: string | null;
  unsafeMetadata: Record<string, unknown>;
  emailVerification: {
    status: 'unverified' | 'verified' | 'failed' | 'expired';
    strategy: 'email_code' | null;
    attempts: number | null;
    expireAt: number | null;
  };
  code: string | null;
  createdUserId: string | null;
  createdSessionId: string | null;
  abandonAt: number;
}

/** A code sent for verification, shown on the admin page. */
export interface SentCode {
  email: string;
  code: string;
  purpose: 'sign-up' | 'sign-in';
  at: number;
}

export class FlowState {
  readonly signIns = new Map<string, SignInAttempt>();
  readonly signUps = new Map<string, SignUpAttempt>();
  readonly sentCodes: SentCode[] = [];
}

/** A Clerk form error: 422 (or 404/400) with `meta.param_name` pointing at the field clerk-js highlights. */
export class FormError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly longMessage: string,
    readonly paramName?: string,
  ) {
    super(message);
  }
}

function sixDigits(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

function sendCode(ctx: EmulatorContext, email: string, purpose: SentCode['purpose']): string {
  const code = sixDigits();
  ctx.flows.sentCodes.unshift({ email, code, purpose, at: Date.now() });
  ctx.flows.sentCodes.splice(50);
  ctx.log(`verification code for ${email} (${purpose}): ${code}`);
  return code;
}

// Sign-in

export function signInJson(ctx: EmulatorContext, attempt: SignInAttempt): FrontendSignIn {
  const user = attempt.userId ? ctx.store.getUser(attempt.userId) : undefined;
  return {
    object: 'sign_in_attempt',
    id: attempt.id,
    status: attempt.status,
    supported_identifiers: ['email_address'],
    identifier: attempt.identifier ?? '',
    user_data: {
      first_name: user?.firstName ?? undefined,
      last_name: user?.lastName ?? undefined,
      image_url: '',
      has_image: false,
    },
    supported_first_factors: user
      ? [
          { strategy: 'password' },
          { strategy: 'email_code', safe_identifier: user.email, email_address_id: user.emailId, primary: true },
        ]
      : [],
    supported_second_factors: [],
    first_factor_verification: attempt.firstFactor
      ? ({
          object: 'verification',
          id: '',
          status: attempt.firstFactor.status,
          strategy: attempt.firstFactor.strategy,
          attempts: attempt.firstFactor.attempts,
          expire_at: attempt.code?.expireAt ?? 0,
          verified_at_client: '',
          error: null,
        } as unknown as FrontendSignIn['first_factor_verification'])
      : null,
    second_factor_verification: null,
    created_session_id: attempt.createdSessionId,
    abandon_at: attempt.abandonAt,
    timezone: null,
  };
}

export function currentSignIn(ctx: EmulatorContext, client: ClientRecord | undefined): SignInAttempt | undefined {
  if (!client) return undefined;
  for (const attempt of ctx.flows.signIns.values())
    if (attempt.clientId === client.id && attempt.status !== 'complete') return attempt;
  return undefined;
}

function completeSignIn(ctx: EmulatorContext, attempt: SignInAttempt, client: ClientRecord): SessionRecord {
  const user = ctx.store.getUser(attempt.userId ?? '');
  if (!user) throw new FormError(404, 'resource_not_found', 'not found', 'The user no longer exists.');
  const session = ctx.store.createSession(user, client);
  attempt.status = 'complete';
  attempt.createdSessionId = session.id;
  return session;
}

export async function createSignIn(
  ctx: EmulatorContext,
  client: ClientRecord,
  params: { identifier?: string; strategy?: string; password?: string },
): Promise<SignInAttempt> {
  for (const [id, old] of ctx.flows.signIns) if (old.clientId === client.id) ctx.flows.signIns.delete(id);
  const identifier = params.identifier?.trim() ?? null;
  const attempt: SignInAttempt = {
    id: newId('sia'),
    clientId: client.id,
    identifier,
    userId: null,
    status: 'needs_identifier',
    firstFactor: null,
    code: null,
    createdSessionId: null,
    abandonAt: Date.now() + ATTEMPT_LIFETIME_MS,
  };
  if (identifier) {
    const user = ctx.store.findUserByEmail(identifier);
    if (!user)
      throw new FormError(
        422,
        'form_identifier_not_found',
        "Couldn't find your account.",
        "Couldn't find your account.",
        'identifier',
      );
    attempt.userId = user.id;
    attempt.status = 'needs_first_factor';
  }
  ctx.flows.signIns.set(attempt.id, attempt);
  if (attempt.userId && params.strategy === 'password')
    await attemptFirstFactor(ctx, client, attempt, { strategy: 'password', password: params.password });
  return attempt;
}

export function signInOf(ctx: EmulatorContext, client: ClientRecord | undefined, id: string): SignInAttempt {
  const attempt = ctx.flows.signIns.get(id);
  if (!attempt || !client || attempt.clientId !== client.id)
    throw new FormError(404, 'resource_not_found', 'not found', `No sign in was found with id ${id}.`);
  return attempt;
}

export function prepareFirstFactor(ctx: EmulatorContext, attempt: SignInAttempt, strategy: string | undefined): void {
  const user = ctx.store.getUser(attempt.userId ?? '');
  if (strategy !== 'email_code' || !user)
    throw new FormError(422, 'strategy_for_user_invalid', 'is invalid', 'Only email_code can be prepared.', 'strategy');
  attempt.code = { value: sendCode(ctx, user.email, 'sign-in'), expireAt: Date.now() + CODE_LIFETIME_MS };
  attempt.firstFactor = { strategy, status: 'unverified', attempts: 0 };
}

export async function attemptFirstFactor(
  ctx: EmulatorContext,
  client: ClientRecord,
  attempt: SignInAttempt,
  params: { strategy?: string; password?: string; code?: string },
): Promise<void> {
  const user = ctx.store.getUser(attempt.userId ?? '');
  if (!user || attempt.status !== 'needs_first_factor')
    throw new FormError(400, 'sign_in_no_identification_for_user', 'is invalid', 'Identify the user first.');
  if (params.strategy === 'password') {
    attempt.firstFactor = {
      strategy: 'password',
      status: 'unverified',
      attempts: (attempt.firstFactor?.attempts ?? 0) + 1,
    };
    if (!(await verifyPassword(params.password ?? '', user.passwordHash)))
      throw new FormError(
        422,
        'form_password_incorrect',
        'Password is incorrect. Try again, or use another method.',
        'Password is incorrect. Try again, or use another method.',
        'password',
      );
  } else if (params.strategy === 'email_code') {
    const expected = attempt.code;
    if (!expected || expected.expireAt < Date.now() || expected.value !== params.code?.trim())
      throw new FormError(422, 'form_code_incorrect', 'Incorrect code', 'Incorrect code', 'code');
  } else {
    throw new FormError(422, 'strategy_for_user_invalid', 'is invalid', 'Use password or email_code.', 'strategy');
  }
  attempt.firstFactor = { strategy: params.strategy, status: 'verified', attempts: attempt.firstFactor?.attempts ?? 1 };
  completeSignIn(ctx, attempt, client);
  await ctx.store.save();
}

// Sign-up

export function signUpJson(attempt: SignUpAttempt): FrontendSignUp {
  const missing: string[] = [];
  if (!attempt.email) missing.push('email_address');
  if (!attempt.passwordHash) missing.push('password');
  const verification = attempt.emailVerification;
  return {
    object: 'sign_up_attempt',
    id: attempt.id,
    status: attempt.createdUserId ? 'complete' : 'missing_requirements',
    required_fields: ['email_address', 'password'],
    optional_fields: ['first_name', 'last_name'],
    missing_fields: missing as FrontendSignUp['missing_fields'],
    unverified_fields: attempt.email && verification.status !== 'verified' ? ['email_address'] : [],
    verifications: {
      email_address: {
        object: 'verification',
        id: '',
        status: verification.status,
        strategy: verification.strategy,
        attempts: verification.attempts,
        expire_at: verification.expireAt,
        verified_at_client: '',
        error: null,
        next_action:
          verification.status === 'verified' ? '' : verification.strategy ? 'needs_attempt' : 'needs_prepare',
        supported_strategies: ['email_code'],
      },
      phone_number: null,
      web3_wallet: null,
      external_account: null,
    } as unknown as FrontendSignUp['verifications'],
    username: null,
    email_address: attempt.email,
    phone_number: null,
    web3_wallet: null,
    first_name: attempt.firstName,
    last_name: attempt.lastName,
    external_account_strategy: null,
    external_account: null,
    has_password: attempt.passwordHash !== null,
    password_enabled: attempt.passwordHash !== null,
    unsafe_metadata: attempt.unsafeMetadata,
    public_metadata: {},
    custom_action: false,
    external_id: null,
    created_session_id: attempt.createdSessionId,
    created_user_id: attempt.createdUserId,
    abandon_at: attempt.abandonAt,
    legal_accepted_at: null,
    locale: null,
    timezone: null,
  };
}

export function currentSignUp(ctx: EmulatorContext, client: ClientRecord | undefined): SignUpAttempt | undefined {
  if (!client) return undefined;
  for (const attempt of ctx.flows.signUps.values())
    if (attempt.clientId === client.id && !attempt.createdUserId) return attempt;
  return undefined;
}

export function signUpOf(ctx: EmulatorContext, client: ClientRecord | undefined, id: string): SignUpAttempt {
  const attempt = ctx.flows.signUps.get(id);
  if (!attempt || !client || attempt.clientId !== client.id)
    throw new FormError(404, 'resource_not_found', 'not found', `No sign up was found with id ${id}.`);
  return attempt;
}

export interface SignUpFields {
  email_address?: string;
  password?: string;
  first_name?: string;
  last_name?: string;
  unsafe_metadata?: Record<string, unknown>;
}

/** Creates (attempt undefined) or updates a sign-up with the fields given. */
export async function upsertSignUp(
  ctx: EmulatorContext,
  client: ClientRecord,
  attempt: SignUpAttempt | undefined,
  fields: SignUpFields,
): Promise<SignUpAttempt> {
  const email = fields.email_address?.trim().toLowerCase();
  if (email !== undefined) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      throw new FormError(
        422,
        'form_param_format_invalid',
        'is invalid',
        'Email address must be a valid email address.',
        'email_address',
      );
    if (ctx.store.findUserByEmail(email))
      throw new FormError(
        422,
        'form_identifier_exists',
        'That email address is taken. Please try another.',
        'That email address is taken. Please try another.',
        'email_address',
      );
  }
  if (fields.password !== undefined && fields.password.length < 8)
    throw new FormError(
      422,
      'form_password_length_too_short',
      'Passwords must be 8 characters or more.',
      'Passwords must be 8 characters or more.',
      'password',
    );
  if (!attempt) {
    for (const [id, old] of ctx.flows.signUps) if (old.clientId === client.id) ctx.flows.signUps.delete(id);
    attempt = {
      id: newId('sua'),
      clientId: client.id,
      email: null,
      passwordHash: null,
      firstName: null,
      lastName: null,
      unsafeMetadata: {},
      emailVerification: { status: 'unverified', strategy: null, attempts: null, expireAt: null },
      code: null,
      createdUserId: null,
      createdSessionId: null,
      abandonAt: Date.now() + ATTEMPT_LIFETIME_MS,
    };
    ctx.flows.signUps.set(attempt.id, attempt);
  }
  if (email !== undefined && email !== attempt.email) {
    attempt.email = email;
    attempt.emailVerification = { status: 'unverified', strategy: null, attempts: null, expireAt: null };
    attempt.code = null;
  }
  if (fields.password !== undefined) attempt.passwordHash = await hashPassword(fields.password);
  if (fields.first_name !== undefined) attempt.firstName = fields.first_name || null;
  if (fields.last_name !== undefined) attempt.lastName = fields.last_name || null;
  if (fields.unsafe_metadata) attempt.unsafeMetadata = fields.unsafe_metadata;
  return attempt;
}

export function prepareSignUpVerification(
  ctx: EmulatorContext,
  attempt: SignUpAttempt,
  strategy: string | undefined,
): void {
  if (strategy !== 'email_code' || !attempt.email)
    throw new FormError(
      422,
      'form_param_value_invalid',
      'is invalid',
      'Only email_code verification is available.',
      'strategy',
    );
  attempt.code = sendCode(ctx, attempt.email, 'sign-up');
  attempt.emailVerification = {
    status: 'unverified',
    strategy: 'email_code',
    attempts: 0,
    expireAt: Date.now() + CODE_LIFETIME_MS,
  };
}

export async function attemptSignUpVerification(
  ctx: EmulatorContext,
  client: ClientRecord,
  attempt: SignUpAttempt,
  params: { strategy?: string; code?: string },
): Promise<void> {
  const verification = attempt.emailVerification;
  if (params.strategy !== 'email_code' || !attempt.code || verification.strategy !== 'email_code')
    throw new FormError(400, 'verification_missing', 'is missing', 'Prepare the verification first.', 'strategy');
  verification.attempts = (verification.attempts ?? 0) + 1;
  if ((verification.expireAt ?? 0) < Date.now()) {
    verification.status = 'expired';
    throw new FormError(422, 'verification_expired', 'expired', 'This code has expired. Request a new one.', 'code');
  }
  if (params.code?.trim() !== attempt.code)
    throw new FormError(422, 'form_code_incorrect', 'Incorrect code', 'Incorrect code', 'code');
  verification.status = 'verified';
  if (!attempt.email || !attempt.passwordHash) return;
  if (ctx.store.findUserByEmail(attempt.email))
    throw new FormError(
      422,
      'form_identifier_exists',
      'That email address is taken. Please try another.',
      'That email address is taken. Please try another.',
      'email_address',
    );
  const user = ctx.store.createUser({
    email: attempt.email,
    passwordHash: attempt.passwordHash,
    firstName: attempt.firstName,
    lastName: attempt.lastName,
    unsafeMetadata: attempt.unsafeMetadata,
  });
  const session = ctx.store.createSession(user, client);
  attempt.createdUserId = user.id;
  attempt.createdSessionId = session.id;
  await ctx.store.save();
}
