// The Frontend API `environment` object: instance settings clerk-js reads at load. Email address + password
// sign-in, email-code verification at sign-up, nothing else. Typed with clerk-js's own JSON types plus the
// fields Clerk's spec marks required that those types do not list.
import type {
  APIKeysSettingsJSON,
  AttributeDataJSON,
  AuthConfigJSON,
  CommerceSettingsJSON,
  DisplayConfigJSON,
  EnvironmentJSON,
  OrganizationSettingsJSON,
  UserSettingsJSON,
} from '@clerk/shared/types';
import type { EmulatorContext } from './context.ts';

type Settings<T> = Omit<T, 'id' | 'object'>;
type AttributeJSON = AttributeDataJSON & { immutable: boolean };
type AttributeName = keyof UserSettingsJSON['attributes'] | 'ticket';

/** Fields the spec allows to be null where clerk-js's type says string; Clerk sends null when unset. */
type NullableDisplayFields =
  | 'support_email'
  | 'logo_image_url'
  | 'favicon_image_url'
  | 'terms_url'
  | 'privacy_policy_url'
  | 'captcha_provider'
  | 'clerk_js_version'
  | 'google_one_tap_client_id';

export type EnvironmentPayload = Omit<
  EnvironmentJSON,
  | 'auth_config'
  | 'display_config'
  | 'user_settings'
  | 'organization_settings'
  | 'commerce_settings'
  | 'api_keys_settings'
> & {
  auth_config: AuthConfigJSON & {
    object: 'auth_config';
    first_name: 'on' | 'off' | 'required';
    last_name: 'on' | 'off' | 'required';
    email_address: 'on' | 'off' | 'required';
    phone_number: 'on' | 'off' | 'required';
    username: 'on' | 'off' | 'required';
    password: 'on' | 'off' | 'required';
    identification_requirements: string[][];
    identification_strategies: string[];
    first_factors: string[];
    second_factors: string[];
    email_address_verification_strategies: string[];
    enhanced_email_deliverability: boolean;
    test_mode: boolean;
    url_based_session_syncing: boolean;
  };
  display_config: Omit<DisplayConfigJSON, NullableDisplayFields> & { [K in NullableDisplayFields]: string | null } & {
    oauth_consent_url: string;
    experimental_force_oauth_first: boolean;
    logo_link_url: string;
    help_url: string | null;
    logo_url: string | null;
    favicon_url: string | null;
    logo_image: null;
    favicon_image: null;
  };
  user_settings: Omit<Settings<UserSettingsJSON>, 'attributes' | 'sign_up' | 'attack_protection'> & {
    attributes: Record<AttributeName, AttributeJSON>;
    sign_up: UserSettingsJSON['sign_up'] & {
      captcha_widget_type: 'smart' | 'invisible';
      custom_action_required: boolean;
    };
    saml: { enabled: boolean };
    restrictions: Record<
      | 'allowlist'
      | 'blocklist'
      | 'allowlist_blocklist_disabled_on_sign_in'
      | 'block_email_subaddresses'
      | 'block_disposable_email_domains',
      { enabled: boolean }
    >;
    password_settings: UserSettingsJSON['password_settings'] & {
      disable_password_reverification: boolean;
      enforce_hibp_on_sign_in: boolean;
    };
    username_settings: UserSettingsJSON['username_settings'] & {
      allow_extended_special_characters: boolean;
      allow_numeric_usernames: boolean;
    };
    actions: UserSettingsJSON['actions'] & { create_organizations_limit: null };
    attack_protection: NonNullable<UserSettingsJSON['attack_protection']> & {
      user_lockout: { enabled: boolean; max_attempts: number; duration_in_minutes: number };
      pii: { enabled: boolean };
      email_link: { require_same_client: boolean };
    };
    passkey_settings: UserSettingsJSON['passkey_settings'] & { satisfies_second_factor: boolean };
  };
  organization_settings: Settings<OrganizationSettingsJSON> & {
    domains: { default_role: string };
    creator_role: string;
  };
  commerce_settings: Settings<CommerceSettingsJSON>;
  api_keys_settings: Settings<APIKeysSettingsJSON> & { enabled: boolean };
  client_debug_mode: boolean;
  partitioned_cookies: boolean;
};

function attribute(
  enabled: boolean,
  options: Partial<Pick<AttributeJSON, 'required' | 'first_factors' | 'verifications' | 'verify_at_sign_up'>> = {},
): AttributeJSON {
  const first_factors = options.first_factors ?? [];
  return {
    enabled,
    required: options.required ?? false,
    immutable: false,
    used_for_first_factor: enabled && first_factors.length > 0,
    first_factors,
    used_for_second_factor: false,
    second_factors: [],
    verifications: options.verifications ?? [],
    verify_at_sign_up: options.verify_at_sign_up ?? false,
  };
}

export function environmentJson(ctx: EmulatorContext): EnvironmentPayload {
  const app = ctx.appUrl.origin;
  const hosted = ctx.browserOrigin;
  return {
    object: 'environment',
    id: 'env_emulator',
    auth_config: {
      object: 'auth_config',
      id: 'aac_emulator',
      first_name: 'on',
      last_name: 'on',
      email_address: 'required',
      phone_number: 'off',
      username: 'off',
      password: 'required',
      identification_requirements: [['email_address']],
      identification_strategies: ['email_address'],
      first_factors: ['email_code', 'password'],
      second_factors: [],
      email_address_verification_strategies: ['email_code'],
      single_session_mode: true,
      enhanced_email_deliverability: false,
      test_mode: false,
      url_based_session_syncing: false,
      claimed_at: null,
      reverification: false,
      preferred_channels: {},
      native_settings: {
        object: 'native_settings',
        api_enabled: false,
        trusted_device_sign_in_enabled: false,
        trusted_device_enrollment_prompt_after_sign_in_enabled: false,
        trusted_device_enrollment_prompt_after_sign_up_enabled: false,
      },
    },
    display_config: {
      object: 'display_config',
      id: 'display_config_emulator',
      instance_environment_type: 'production',
      application_name: 'Local Clerk emulator',
      theme: {
        buttons: { font_color: '#ffffff', font_family: 'sans-serif', font_weight: '600' },
        general: {
          color: '#6c47ff',
          padding: '1em',
          box_shadow: '0 2px 8px rgba(0, 0, 0, 0.2)',
          font_color: '#151515',
          font_family: 'sans-serif',
          border_radius: '0.5em',
          background_color: '#ffffff',
          label_font_weight: '600',
        },
        accounts: { background_color: '#f2f2f2' },
      },
      preferred_sign_in_strategy: 'password',
      logo_image_url: null,
      favicon_image_url: null,
      logo_url: null,
      favicon_url: null,
      logo_image: null,
      favicon_image: null,
      home_url: app,
      sign_in_url: `${hosted}/sign-in`,
      sign_up_url: `${hosted}/sign-up`,
      user_profile_url: `${hosted}/user`,
      waitlist_url: `${hosted}/waitlist`,
      oauth_consent_url: `${hosted}/oauth-consent`,
      after_sign_in_url: app,
      after_sign_up_url: app,
      after_sign_out_one_url: app,
      after_sign_out_all_url: app,
      after_switch_session_url: app,
      after_join_waitlist_url: app,
      organization_profile_url: `${hosted}/organization`,
      create_organization_url: `${hosted}/create-organization`,
      after_leave_organization_url: app,
      after_create_organization_url: app,
      support_email: null,
      branded: false,
      experimental_force_oauth_first: false,
      clerk_js_version: null,
      show_devmode_warning: false,
      google_one_tap_client_id: null,
      help_url: null,
      privacy_policy_url: null,
      terms_url: null,
      logo_link_url: app,
      captcha_public_key: null,
      captcha_widget_type: null,
      captcha_provider: null,
      captcha_public_key_invisible: null,
      captcha_oauth_bypass: [],
      captcha_heartbeat: false,
    },
    user_settings: {
      attributes: {
        email_address: attribute(true, {
          required: true,
          first_factors: ['email_code'],
          verifications: ['email_code'],
          verify_at_sign_up: true,
        }),
        phone_number: attribute(false),
        username: attribute(false),
        web3_wallet: attribute(false),
        first_name: attribute(true),
        last_name: attribute(true),
        password: attribute(true, { required: true }),
        authenticator_app: attribute(false),
        ticket: attribute(false),
        backup_code: attribute(false),
        passkey: attribute(false),
      },
      sign_in: { second_factor: { required: false, enabled: false } },
      sign_up: {
        allowlist_only: false,
        captcha_enabled: false,
        captcha_widget_type: 'smart',
        custom_action_required: false,
        progressive: true,
        mode: 'public',
        legal_consent_enabled: false,
      },
      restrictions: {
        allowlist: { enabled: false },
        blocklist: { enabled: false },
        allowlist_blocklist_disabled_on_sign_in: { enabled: false },
        block_email_subaddresses: { enabled: false },
        block_disposable_email_domains: { enabled: false },
      },
      username_settings: {
        min_length: 4,
        max_length: 64,
        allow_extended_special_characters: false,
        allow_numeric_usernames: false,
      },
      actions: { delete_self: true, create_organization: false, create_organizations_limit: null },
      attack_protection: {
        user_lockout: { enabled: false, max_attempts: 100, duration_in_minutes: 60 },
        pii: { enabled: false },
        email_link: { require_same_client: false },
        enumeration_protection: { enabled: false },
      },
      passkey_settings: { allow_autofill: false, show_sign_in_button: false, satisfies_second_factor: false },
      password_settings: {
        disable_hibp: true,
        disable_password_reverification: true,
        min_length: 8,
        max_length: 72,
        require_special_char: false,
        require_numbers: false,
        require_uppercase: false,
        require_lowercase: false,
        show_zxcvbn: false,
        min_zxcvbn_strength: 0,
        enforce_hibp_on_sign_in: false,
        allowed_special_characters: '',
      },
      social: {} as UserSettingsJSON['social'],
      saml: { enabled: false },
      enterprise_sso: { enabled: false, self_serve_sso: false, self_serve_directory_sync: false },
    },
    organization_settings: {
      enabled: false,
      max_allowed_memberships: 0,
      force_organization_selection: false,
      actions: { admin_delete: false },
      domains: { enabled: false, enrollment_modes: [], default_role: 'org:member' },
      slug: { disabled: true },
      organization_creation_defaults: { enabled: false },
      creator_role: 'org:admin',
    },
    commerce_settings: {
      billing: {
        stripe_publishable_key: null,
        user: { enabled: false, has_paid_plans: false },
        organization: { enabled: false, has_paid_plans: false },
      },
    },
    api_keys_settings: { enabled: false, user_api_keys_enabled: false, orgs_api_keys_enabled: false },
    protect_config: { object: 'protect_config', id: 'protect_config_emulator', loaders: [] },
    maintenance_mode: false,
    client_debug_mode: false,
    partitioned_cookies: false,
  };
}
