import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Ask the cluster what applying a service’s monitoring would change (dry run, the default)',
    example: yaml.stringify({
      steps: [
        {
          id: 'plan',
          action: 'observability:monitoring:apply',
          name: 'Preview monitoring changes',
          input: {
            entityRef: '${{ parameters.entity }}',
            cluster: 'local',
          },
        },
      ],
    }),
  },
  {
    description:
      'Apply for real, after the user ticked a box in the template form',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply',
          action: 'observability:monitoring:apply',
          name: 'Apply monitoring to the cluster',
          if: '${{ parameters.applyNow }}',
          input: {
            entityRef: '${{ parameters.entity }}',
            port: 'http',
            dryRun: false,
          },
        },
      ],
    }),
  },
];
