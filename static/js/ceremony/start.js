/**
 * The start form of the key ceremony: the threshold's hint follows the members ticked
 * (an empty threshold is a majority, t = n // 2 + 1, as the server takes it).
 */
const form = document.querySelector('[data-testid="start-form"]');
if (form) {
  const hint = form.querySelector('[data-testid="majority-hint"]');
  const threshold = form.querySelector('[data-testid="threshold"]');
  const update = () => {
    const n = form.querySelectorAll('input[type="checkbox"]:checked').length;
    const t = Math.floor(n / 2) + 1;
    hint.textContent = form.dataset.majorityHint.replace("{t}", String(t)).replace("{n}", String(n));
    threshold.placeholder = String(t);
  };
  form.addEventListener("change", update);
}
