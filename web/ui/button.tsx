import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';

type Variant = 'primary' | 'secondary' | 'quiet';

type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'class' | 'className'> & {
  variant?: Variant;
  children: ComponentChildren;
};

// A native <button>; the variant only changes its look. Defaults to type="button" so that a
// button never submits a form by accident.
export function Button({ variant = 'primary', type = 'button', children, ...rest }: ButtonProps) {
  return (
    <button {...rest} type={type} class={`button button--${variant}`}>
      {children}
    </button>
  );
}
