/** The tag format ECR accepts; anything else fails at deploy time, so fail at synth instead. */
const ECR_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** Throws unless `tag` is a valid ECR tag other than `latest` (which says nothing about what runs). */
export function assertImageTag(tag: string): void {
  if (!ECR_TAG.test(tag)) throw new Error(`image tag "${tag}" is not a valid ECR tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127})`);
  if (tag === 'latest') throw new Error('image tag "latest" is never deployed: pass the git SHA of the image to run');
}

/** Inputs to {@link resolveImageTags}; all come from CDK context or git, read only in bin/app.ts. */
export interface ImageTagInputs {
  /** Image names needing a tag: every catalog service plus the gateway. */
  readonly names: readonly string[];
  /** Tag for every image without an override (context `imageTag`). Omitted: `gitSha()`. */
  readonly defaultTag?: string;
  /** Per-image overrides (context `imageTag.<name>`). */
  readonly overrides?: Readonly<Record<string, string>>;
  /** Returns the current git SHA, or undefined outside a git checkout; only called when needed. */
  readonly gitSha: () => string | undefined;
}

/**
 * Picks the tag per image: override, else the shared tag, else the git SHA. Fails naming what to pass when
 * there is no tag at all, and rejects overrides for images nobody runs (a typo would otherwise be ignored).
 */
export function resolveImageTags(inputs: ImageTagInputs): Readonly<Record<string, string>> {
  const overrides = inputs.overrides ?? {};
  const unknown = Object.keys(overrides).filter((name) => !inputs.names.includes(name));
  if (unknown.length > 0) {
    throw new Error(`imageTag overrides for unknown images: ${unknown.join(', ')}; known: ${inputs.names.join(', ')}`);
  }
  let fallback = inputs.defaultTag;
  const tags: Record<string, string> = {};
  for (const name of inputs.names) {
    let tag = overrides[name];
    if (tag === undefined) {
      fallback ??= inputs.gitSha();
      if (fallback === undefined) {
        throw new Error(
          `no image tag for "${name}": not a git checkout, so pass -c imageTag=<tag> (or -c imageTag.${name}=<tag>)`,
        );
      }
      tag = fallback;
    }
    assertImageTag(tag);
    tags[name] = tag;
  }
  return Object.freeze(tags);
}
