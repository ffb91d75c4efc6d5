// The simulated 2,000-repository workspace of the workspace benchmark, in a
// process of its own, so that the consumer's memory measured by the bench is
// the consumer's and not the simulator's (which answers every request).
// Run by measure-workspace.ts with fork(); it says where it listens, then
// answers { kind: 'touch' } (push to every 20th repository) and { kind: 'close' }.
import { startSimulator } from '../simulator';
import { seedWorkspaceScene, touchRepositories, type WorkspaceScene } from '../simulator/workspace-seed';

export type ChildRequest = { kind: 'touch'; every: number } | { kind: 'close' };
export type ChildReply =
  | { kind: 'ready'; url: string; workspaceUuid: string; repositoryUuids: string[] }
  | { kind: 'touched'; count: number };

const [count, latency, account] = process.argv.slice(2);
let scene: WorkspaceScene | undefined;
const sim = await startSimulator({
  seed: (state) => {
    scene = seedWorkspaceScene(state, Number(count));
    state.defaultActor.accountId = account;
  },
  latencyMs: Number(latency),
});
const seeded = scene as WorkspaceScene;
const send = (reply: ChildReply) => process.send?.(reply);
process.on('message', (message: ChildRequest) => {
  if (message.kind === 'touch') send({ kind: 'touched', count: touchRepositories(sim.state, seeded, message.every).length });
  if (message.kind === 'close') void sim.close().then(() => process.exit(0));
});
send({ kind: 'ready', url: sim.url, workspaceUuid: seeded.workspace.uuid, repositoryUuids: seeded.repositories.map((r) => r.uuid) });
