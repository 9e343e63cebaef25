/*
 * Budget adjustments created by owners through the API: periods excluded
 * from an entity's SLO error budgets. Rows are never removed: a deletion
 * records who deleted it and when, so the table is its own audit trail
 * (who excluded what, why, and who took it back).
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slo_adjustments', table => {
    table.comment('SLO budget adjustments (Sightline observability)');
    table.string('id', 36).primary().comment('UUID');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('e.g. component:default/checkout');
    table.text('reason').notNullable().comment('why the period does not count');
    table
      .bigInteger('start_ms')
      .notNullable()
      .comment('the (first) excluded period start, epoch ms');
    table
      .bigInteger('duration_ms')
      .notNullable()
      .comment('how long each excluded period lasts');
    table.text('rrule').nullable().comment('RFC 5545 RRULE; null: one-off');
    table
      .text('slo_ids')
      .nullable()
      .comment('JSON list of SLO ids; null: every SLO of the entity');
    table.string('created_by', 255).notNullable().comment('user entity ref');
    table.bigInteger('created_at_ms').notNullable();
    table.string('deleted_by', 255).nullable().comment('user entity ref');
    table.bigInteger('deleted_at_ms').nullable();
    table.index(['entity_ref'], 'slo_adjustments_entity_ref_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slo_adjustments');
};
