/*
 * The latest fleet evaluation of every SLO (one row per entity and SLO):
 * what search, group and system roll-ups read instead of evaluating each
 * entity against Prometheus on every request.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slo_snapshots', table => {
    table.comment('Latest evaluation of each SLO (Sightline observability)');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('e.g. component:default/checkout');
    table.string('slo_id', 255).notNullable().comment('SloDefinition.id');
    table.string('slo_name', 255).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('met, at-risk, violated or no-data');
    table
      .double('budget_remaining')
      .nullable()
      .comment('share of the error budget left; null without data');
    table
      .text('burn_rates')
      .notNullable()
      .comment('JSON: burn rate per look-back window');
    table
      .text('alerts')
      .notNullable()
      .comment('JSON: the burn-rate alert conditions and whether each holds');
    table
      .text('evaluation')
      .notNullable()
      .comment('JSON: the whole SloEvaluation, as GET .../slos answers it');
    table
      .string('measured_by', 16)
      .notNullable()
      .comment('batch: grouped fleet queries; entity: the per-entity path');
    table
      .bigInteger('evaluated_at_ms')
      .notNullable()
      .comment('the instant evaluated, epoch ms');
    table.primary(['entity_ref', 'slo_id']);
    table.index(['evaluated_at_ms'], 'slo_snapshots_evaluated_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slo_snapshots');
};
