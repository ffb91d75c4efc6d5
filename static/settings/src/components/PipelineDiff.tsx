// What the pull request changes in an existing bitbucket-pipelines.yml: changed
// lines with a few lines of context; added lines are <ins>, removed ones <del>.
import { token } from '@atlaskit/tokens';
import type { DiffLine } from '../lib/line-diff';
import { useDiffSummary } from '../lib/use-diff-summary';

export function PipelineDiff({ before, after }: { before: string; after: string }) {
  const { hunks, hiddenAfter, added, removed } = useDiffSummary(before, after);
  return (
    <div role="region" aria-label="Changes to bitbucket-pipelines.yml">
      <p>
        {added} line{added === 1 ? '' : 's'} added{removed > 0 ? `, ${removed} removed` : ''}; every other line stays as it is.
      </p>
      {/* Focusable because it scrolls sideways: keyboard users must be able to scroll it too. */}
      <pre tabIndex={0} style={{ margin: 0, padding: 8, overflowX: 'auto', fontSize: 12, background: token('color.background.neutral', '#091E420F'), borderRadius: 3 }}>
        {/* As wide as the longest line, so a changed line's colour runs on when the box is scrolled sideways. */}
        <div style={{ display: 'inline-block', minWidth: '100%', verticalAlign: 'top' }}>
          {hunks.map((hunk, index) => (
            <div key={index}>
              {hunk.hiddenBefore > 0 ? <Hidden count={hunk.hiddenBefore} /> : null}
              {hunk.lines.map((line, lineIndex) => (
                <DiffRow key={lineIndex} line={line} />
              ))}
            </div>
          ))}
          {hiddenAfter > 0 ? <Hidden count={hiddenAfter} /> : null}
        </div>
      </pre>
    </div>
  );
}

function Hidden({ count }: { count: number }) {
  return <div style={{ color: token('color.text.subtlest', '#626F86') }}>{`… ${count} unchanged line${count === 1 ? '' : 's'}`}</div>;
}

function DiffRow({ line }: { line: DiffLine }) {
  const number = line.kind === 'removed' ? line.oldLine : line.newLine;
  const gutter = `${String(number).padStart(5)} ${line.kind === 'added' ? '+' : line.kind === 'removed' ? '-' : ' '} `;
  if (line.kind === 'added') {
    return (
      <ins style={{ display: 'block', textDecoration: 'none', background: token('color.background.success', '#DCFFF1') }}>
        {gutter}
        {line.text}
      </ins>
    );
  }
  if (line.kind === 'removed') {
    return (
      <del style={{ display: 'block', textDecoration: 'none', background: token('color.background.danger', '#FFECEB') }}>
        {gutter}
        {line.text}
      </del>
    );
  }
  return (
    <div>
      {gutter}
      {line.text}
    </div>
  );
}
