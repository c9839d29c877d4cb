/**
 * The constructs an instrument measures. The apathy × anhedonia profile (with depression severity beside it) is the
 * product's centre; the psychosocial context (issue 21) is shown beside it, one small result per construct, never
 * as a third axis. Zod-free, so screens on the start path may import it.
 */
export const PROFILE_CONSTRUCTS = ['anhedonia', 'apathy', 'depression'] as const;
export const CONTEXT_CONSTRUCTS = ['social-support', 'loneliness', 'stress', 'burnout', 'financial-wellbeing', 'personality'] as const;

export type ProfileConstruct = (typeof PROFILE_CONSTRUCTS)[number];
export type ContextConstruct = (typeof CONTEXT_CONSTRUCTS)[number];
export type Construct = ProfileConstruct | ContextConstruct;

/** Catalogue and start-form order: the profile's constructs first, then the context's. */
export const CONSTRUCT_ORDER: readonly Construct[] = [...PROFILE_CONSTRUCTS, ...CONTEXT_CONSTRUCTS];

export function isContextConstruct(construct: string): construct is ContextConstruct {
  return (CONTEXT_CONSTRUCTS as readonly string[]).includes(construct);
}

/** What a higher score means, each score in its own direction (shown beside it; never inferred from a band). */
export const HIGHER_MEANS = [
  'more-anhedonia',
  'more-pleasure',
  'more-apathy',
  'more-depression',
  'more-support',
  'more-loneliness',
  'more-stress',
  'more-anxiety',
  'more-burnout',
  'more-financial-wellbeing',
  'more-neuroticism',
  'more-extraversion',
] as const;
