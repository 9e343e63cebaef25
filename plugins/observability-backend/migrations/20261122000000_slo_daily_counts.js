/*
 * Daily good/total event counts per SLO, so that burn-down charts and
 * reports outlive Prometheus' retention. One row per entity, SLO and UTC day.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slo_daily_counts', table => {
    table.comment('Daily good/total events per SLO (Sightline observability)');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('e.g. component:default/checkout');
    table.string('slo_id', 255).notNullable().comment('SloDefinition.id');
    table.string('day', 10).notNullable().comment('UTC day, YYYY-MM-DD');
    table.double('good').notNullable();
    table.double('total').notNullable();
    table
      .double('objective')
      .notNullable()
      .comment('objective in force that day, ratio');
    table.string('source', 32).notNullable().comment('raw or recording-rules');
    table
      .boolean('normalised')
      .notNullable()
      .defaultTo(false)
      .comment('counts are ratios (total 1)');
    table
      .timestamp('recorded_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.primary(['entity_ref', 'slo_id', 'day']);
    table.index(['day'], 'slo_daily_counts_day_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slo_daily_counts');
};
