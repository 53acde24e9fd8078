/** The sign-in form (a stand-in for your auth): posts to /sign-in, which comes back to `back`. */
export function SignInForm({ back }: { back: string }) {
  return (
    <form method="post" action="/sign-in">
      <input type="hidden" name="back" value={back} />
      <p id="session">Signed out</p>
      <label>Email <input name="email" type="email" required /></label> <label>Name <input name="name" /></label> <button>Sign in</button>
    </form>
  );
}
