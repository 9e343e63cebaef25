export { DependenciesSection } from './DependenciesSection';
export { SystemDependenciesCard } from './SystemDependenciesCard';
