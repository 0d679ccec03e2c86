/** The form-level messages of a failed submit, announced to screen readers. */
export function FormAlert(props: { messages: string[] }) {
  if (props.messages.length === 0) return null;
  return (
    <div class="alert" role="alert" data-testid="form-error">
      {props.messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}
