/**
 * Extension points and shared building blocks for modules of Sightline's
 * observability backend and its scaffolder module.
 *
 * @packageDocumentation
 */
export * from './dialects';
export * from './extensions';
export * from './generators';
export * from './apply';
export * from './kubernetes';
