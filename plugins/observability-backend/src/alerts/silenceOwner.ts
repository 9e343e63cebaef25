/**
 * The entity a silence was created for. Alertmanager silences carry no labels
 * of their own, and their matchers cannot say it (a broad silence matches many
 * entities' alerts), so Sightline appends the entity ref to the comment: the
 * one free field, shown beside the silence in Alertmanager's UI too.
 */
const OWNER_TAG_START = '[sightline.dev/entity=';
const OWNER_TAG = /\s*\[sightline\.dev\/entity=([^\]\s]+)\]$/;

/** The comment as stored in Alertmanager, ending in the owner's tag. */
export function withOwner(comment: string, entityRef: string): string {
  return `${comment} ${OWNER_TAG_START}${entityRef}]`;
}

/**
 * The comment as the user wrote it and the entity it was created for, from
 * its last tag only: that is the one Sightline appended. Absent when the
 * silence was created outside Sightline.
 */
export function readOwner(stored: string): {
  comment: string;
  entityRef?: string;
} {
  const tag = OWNER_TAG.exec(stored);
  if (!tag) return { comment: stored };
  return { comment: stored.slice(0, tag.index), entityRef: tag[1] };
}

/** Whether a user's comment carries a tag of its own, which would confuse readers of Alertmanager's UI. */
export function hasOwnerTag(comment: string): boolean {
  return comment.includes(OWNER_TAG_START);
}
