export { SetupSection } from './SetupSection';
