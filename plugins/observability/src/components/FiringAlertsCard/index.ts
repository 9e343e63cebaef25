export { FiringAlertsCard } from './FiringAlertsCard';
