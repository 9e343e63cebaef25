export { DashboardsSection } from './DashboardsSection';
