/**
 * Names a deployed stack is found by, shared by the CDK app and the scripts that read a deployment
 * (the preflight, the runbook's commands), so a rename cannot leave them looking for the old one.
 */
export const STACK_NAMES = { main: 'CommunityKindness', edge: 'CommunityKindnessEdge' } as const;

export const STACK_OUTPUTS = {
  publicUrl: 'PublicUrl',
  tableName: 'TableName',
  userPoolId: 'UserPoolId',
  alarmTopicArn: 'AlarmTopicArn',
  originVerifySecretArn: 'OriginVerifySecretArn',
} as const;
