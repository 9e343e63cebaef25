import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the generated monitoring to <publishDirectory>/<service>, as a local GitOps checkout',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'observability:workspace:publish',
          name: 'Publish to the local GitOps directory',
          input: {
            targetName: '${{ parameters.name }}',
            overwrite: true,
          },
        },
      ],
    }),
  },
];
