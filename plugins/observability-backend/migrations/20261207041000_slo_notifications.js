/*
 * Owner notifications on SLO transitions: which transitions were notified
 * (so that each is notified once, whichever replica evaluates and however
 * often), and which users muted an entity's notifications.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slo_transition_claims', table => {
    table.comment(
      'One row per SLO transition notified (Sightline observability): the first replica to insert it sends it',
    );
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('e.g. component:default/checkout');
    table.string('slo_id', 255).notNullable().comment('SloDefinition.id');
    table
      .bigInteger('from_evaluated_at_ms')
      .notNullable()
      .comment('the instant of the snapshot the SLO changed from, epoch ms');
    table
      .bigInteger('to_evaluated_at_ms')
      .notNullable()
      .comment('the instant of the snapshot it changed to, epoch ms');
    table
      .string('transitions', 255)
      .notNullable()
      .comment('e.g. status:met>at-risk,page:started');
    table
      .timestamp('claimed_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.primary(['entity_ref', 'slo_id', 'from_evaluated_at_ms']);
    table.index(['claimed_at'], 'slo_transition_claims_claimed_at_idx');
  });
  await knex.schema.createTable('slo_notification_mutes', table => {
    table.comment(
      'Users who muted the SLO notifications of an entity (Sightline observability)',
    );
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('e.g. component:default/checkout');
    table
      .string('user_ref', 255)
      .notNullable()
      .comment('e.g. user:default/ada');
    table
      .timestamp('muted_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.primary(['entity_ref', 'user_ref']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slo_notification_mutes');
  await knex.schema.dropTable('slo_transition_claims');
};
