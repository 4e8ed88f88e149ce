import { runWave, type WaveInput } from '../shared/domain/wave.js';
import { workflowTask } from './workflow-task.js';

export const handler = workflowTask(runWave, (input: WaveInput) => input.state);
