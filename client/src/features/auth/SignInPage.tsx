import { type FormEvent, useRef, useState } from 'react';
import { loginSchema } from '../../../../shared/schemas/auth.ts';
import { isApiError } from '../../api/ApiError.ts';
import { useSignOutNotice } from '../../app/idle/signOutNotice.ts';
import { TextField } from '../../ui/TextField.tsx';
import { useSignIn } from './authQueries.ts';
import './SignInPage.css';

type Field = 'username' | 'password';
type FieldErrors = Partial<Record<Field, string>>;

const FIELDS: readonly Field[] = ['username', 'password'];

/** Sign-in with the shared login schema's messages next to the fields they are about. */
export function SignInPage() {
  const signIn = useSignIn();
  // Why the last sign-in ended, when the person did not end it (idle, ended by the server).
  const notice = useSignOutNotice();
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const inputs = { username: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null) };

  const serverError = isApiError(signIn.error) ? signIn.error : null;
  const fieldErrors: FieldErrors = {
    username: clientErrors.username ?? serverError?.issueAt('username')?.message,
    password: clientErrors.password ?? serverError?.issueAt('password')?.message,
  };
  const formError = serverError && serverError.issues.length === 0 ? serverError.message : signIn.error && !serverError ? 'Sign-in failed. Try again.' : null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = loginSchema.safeParse({ username: form.get('username') ?? '', password: form.get('password') ?? '' });
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = FIELDS.find((name) => name === issue.path[0]);
        if (field && !errors[field]) errors[field] = issue.message === 'required' ? `Enter your ${fieldName(field)}` : issue.message;
      }
      setClientErrors(errors);
      const firstInvalid = FIELDS.find((name) => errors[name]);
      if (firstInvalid) inputs[firstInvalid].current?.focus();
      return;
    }
    setClientErrors({});
    signIn.mutate(parsed.data, {
      onError: () => inputs.password.current?.select(),
    });
  };

  return (
    <main className="sign-in" id="main">
      <div className="sign-in__panel">
        <div className="sign-in__brand">
          <img className="sign-in__logo" src="/favicon.svg" alt="" width="44" height="44" />
          <div>
            <p className="sign-in__product">Chairside</p>
            <p className="sign-in__tagline">Infusion chair monitoring</p>
          </div>
        </div>
        <h1 className="sign-in__title">Sign in</h1>
        {notice ? (
          <p className="sign-in__notice" role="status" data-sign-out-notice="">
            {notice}
          </p>
        ) : null}
        <form className="sign-in__form" onSubmit={submit} noValidate aria-describedby={formError ? 'sign-in-error' : undefined}>
          {formError ? (
            <p className="sign-in__form-error" id="sign-in-error" role="alert">
              {formError}
            </p>
          ) : null}
          <TextField
            ref={inputs.username}
            label="User name"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            error={fieldErrors.username}
          />
          <TextField ref={inputs.password} label="Password" name="password" type="password" autoComplete="current-password" error={fieldErrors.password} />
          <button className="button button--primary sign-in__submit" type="submit" disabled={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}

function fieldName(field: Field): string {
  return field === 'username' ? 'user name' : 'password';
}
