export { ProductionReadinessCard } from './ProductionReadinessCard';
