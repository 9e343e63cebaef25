export { CompositeSloCard } from './CompositeSloCard';
