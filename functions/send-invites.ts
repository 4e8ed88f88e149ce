import { sendInvites } from '../shared/domain/matching.js';
import { workflowTask } from './workflow-task.js';

export const handler = workflowTask(sendInvites);
