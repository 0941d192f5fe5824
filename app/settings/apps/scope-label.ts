const SCOPE_LABELS: Record<string, string> = { openid: "Sign-in", profile: "Profile", email: "Email", groups: "Groups", offline_access: "Stay signed in" };

/**
 * A remembered scope as people read it. A consent for an API is stored as
 * `<audience>\x1f<permission>`, and `<audience>\x1f` for reaching the API at all (inventory
 * §2.16): shown as the permission and the API, never with the separator.
 */
export function scopeLabel(scope: string): string {
  const sep = scope.indexOf("\x1f");
  if (sep < 0) return SCOPE_LABELS[scope] ?? scope;
  const audience = scope.slice(0, sep);
  const permission = scope.slice(sep + 1);
  return permission ? `${permission} (${audience})` : `Access to ${audience}`;
}
