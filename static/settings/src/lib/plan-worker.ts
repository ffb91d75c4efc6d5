// The page's Web Worker: runs planning and highlighting (off-thread-tasks.ts) so
// that no file, however large or hostile, can freeze the page while the admin
// types. One message in ({ id, task }), one message out, per task.
import { runTask, type Task } from './off-thread-tasks';

export interface WorkerRequest {
  id: number;
  task: Task;
}

export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string };

const scope = self as unknown as { onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null; postMessage(reply: WorkerReply): void };

scope.onmessage = (event) => {
  const { id, task } = event.data;
  runTask(task).then(
    (result) => scope.postMessage({ id, ok: true, result }),
    (error: unknown) => scope.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
};
