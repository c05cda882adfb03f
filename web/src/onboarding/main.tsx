import { render } from 'preact';
import '../shared/styles.css';

render(
  <main>
    <h1>Partner onboarding</h1>
  </main>,
  document.getElementById('app')!,
);
