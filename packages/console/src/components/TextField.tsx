/** A labelled single-line input: every text field of the console, so each has its label. */
export function TextField(props: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly type?: 'text' | 'email' | 'password';
  readonly autoComplete?: string;
  readonly required?: boolean;
  readonly minLength?: number;
}) {
  return (
    <label>
      {props.label}
      <input
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete ?? 'off'}
        required={props.required ?? false}
        minLength={props.minLength}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}
