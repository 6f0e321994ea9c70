/** The shape of a card while the ward loads, so the grid does not jump when data arrives. */
export function SessionCardPlaceholder() {
  return (
    <div className="session-card session-card--placeholder" aria-hidden="true">
      <span className="placeholder-bar placeholder-bar--title" />
      <span className="placeholder-bar placeholder-bar--line" />
      <span className="placeholder-bar placeholder-bar--block" />
      <span className="placeholder-bar placeholder-bar--line placeholder-bar--short" />
    </div>
  );
}
