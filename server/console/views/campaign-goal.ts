/**
 * `<console-campaign-goal>`: the campaign's goal, fixed or moving (`goalMode: auto`: the next step
 * above the total, so the public bar is never full, from the campaign's own steps or the default
 * ladder), and the goals it has reached, each with when.
 *
 * @event campaign-changed - `CustomEvent<AdminCampaign>`: the campaign as saved.
 */
import { html } from 'lit';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, define, PROP } from '../element.ts';
import { count, when } from '../format.ts';
import { field } from '../parts/field.ts';
import { FormErrors } from '../parts/form-errors.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign, GoalReached, ListOf } from '../types.ts';

export class ConsoleCampaignGoal extends ConsoleElement {
  static override properties = { api: PROP, campaign: PROP };
  api!: AdminApi;
  campaign!: AdminCampaign;
  private readonly save = new ApiTask<AdminCampaign>(this);
  private readonly history = new ApiTask<GoalReached[]>(this);
  private readonly errors = new FormErrors(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadHistory();
  }

  private loadHistory() {
    const path = `/campaigns/${segment(this.campaign.slug)}/goals`;
    return this.history.run(
      async (signal) => (await this.api.json<ListOf<GoalReached>>(path, { signal })).data,
    );
  }

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? '').trim();
    const steps = text('goalSteps')
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    const json =
      text('goalMode') === 'auto'
        ? { goalMode: 'auto', goalSteps: steps.length ? steps : null }
        : { goalMode: 'fixed', goal: text('goal') === '' ? null : Number(text('goal')) };
    const path = `/campaigns/${segment(this.campaign.slug)}`;
    const saved = await this.errors.submit(form, this.save, (signal) =>
      this.api.json<AdminCampaign>(path, { method: 'PATCH', json, signal }),
    );
    if (!saved) return;
    this.dispatchEvent(new CustomEvent('campaign-changed', { detail: saved, bubbles: true }));
    void this.loadHistory();
  }

  protected override render() {
    const { campaign, errors } = this;
    const reached = this.history.value;
    const now = campaign.counter.goal;
    return html`<form name="goal" class="card" novalidate @submit=${this.handleSubmit}>
      <h3>Goal</h3>
      <p>${now === null ? 'No goal is shown.' : `The widget shows a goal of ${count(now)}.`}</p>
      ${field(errors, {
        id: 'goal-mode',
        name: 'goalMode',
        label: 'Kind of goal',
        value: campaign.goalMode,
        options: [
          ['fixed', 'Fixed: the goal below'],
          ['auto', 'Moving: the next step above the total'],
        ],
      })}
      ${field(errors, {
        id: 'goal',
        name: 'goal',
        label: 'Fixed goal',
        type: 'number',
        value: campaign.goal === null ? '' : String(campaign.goal),
        help: 'Leave empty for no goal (the widget then draws no progress bar).',
        more: { min: '1', step: '1', inputmode: 'numeric' },
      })}
      ${field(errors, {
        id: 'goal-steps',
        name: 'goalSteps',
        label: 'Steps of a moving goal',
        value: campaign.goalSteps?.join(', ') ?? '',
        dir: 'ltr',
        help: 'Whole numbers, comma-separated. Empty: 100, 250, 500, 1,000, 2,500, … (after the last step listed, these carry on).',
        more: { inputmode: 'numeric' },
      })}
      <button type="submit" ?disabled=${this.save.state === 'running'}>Save goal</button>
      ${errors.summary()} ${this.save.status({ running: 'Saving…', done: 'Saved.' })}
      <h4 id="goals-title">Goals reached</h4>
      ${
        reached?.length
          ? html`<ol class="audit" aria-labelledby="goals-title">
            ${reached.map(
              (goal) =>
                html`<li><time datetime=${goal.reachedAt}>${when(goal.reachedAt)}</time>
                  ${count(goal.goal)} reached (total ${count(goal.total)})</li>`,
            )}
          </ol>`
          : ''
      }
      ${reached?.length === 0 ? html`<p>None yet.</p>` : ''}
      ${this.history.status({ running: 'Loading…' })}
    </form>`;
  }
}

define('console-campaign-goal', ConsoleCampaignGoal);
