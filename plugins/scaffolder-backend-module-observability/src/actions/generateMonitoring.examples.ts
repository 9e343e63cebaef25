import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Generate monitoring for an existing catalog service into ./monitoring',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate',
          action: 'observability:monitoring:generate',
          name: 'Generate monitoring',
          input: {
            entityRef: '${{ parameters.entity }}',
            port: 'metrics',
          },
        },
      ],
    }),
  },
  {
    description:
      'A PodMonitor and a GrafanaDashboard for grafana-operator, for an entity the template creates',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate',
          action: 'observability:monitoring:generate',
          name: 'Generate monitoring',
          input: {
            entity: {
              kind: 'Component',
              metadata: {
                name: '${{ parameters.name }}',
                annotations: {
                  'backstage.io/kubernetes-namespace':
                    '${{ parameters.namespace }}',
                  'sightline.dev/slo-availability': '99.9',
                },
              },
              spec: { type: 'service', owner: '${{ parameters.owner }}' },
            },
            cluster: 'local',
            port: 'http',
            targetPath: 'deploy',
            options: {
              monitor: { kind: 'PodMonitor', port: 'http' },
              dashboard: {
                delivery: {
                  type: 'grafana-operator',
                  instanceSelector: { dashboards: 'grafana' },
                  folder: 'Services',
                },
              },
            },
          },
        },
      ],
    }),
  },
];
