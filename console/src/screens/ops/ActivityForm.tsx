import { Checkboxes, Input, Select, Submit, useForm } from '../../components/form';
import { ACTIVITY_FIELDS, COUPON_TYPES, KINDS, validateActivity, type ActivityValues } from '../../forms/activity';

export function ActivityForm({ initial, submitLabel, onSubmit }: { initial: ActivityValues; submitLabel: string; onSubmit: (values: ActivityValues) => Promise<void> }) {
  const form = useForm(initial, validateActivity, ACTIVITY_FIELDS);
  return (
    <form className="grid-form" onSubmit={form.submit(onSubmit)} noValidate aria-label="Activity">
      <Input label="Title" name="title" form={form} />
      <Input label="Description" name="description" form={form} />
      <Select label="Kind" name="kind" form={form} options={KINDS} />
      <Input label="City ids" name="cityIds" form={form} hint="Comma-separated, such as 310000, 110000" />
      <Checkboxes label="Coupon types allowed" name="couponTypes" form={form} options={COUPON_TYPES} />
      <Input label="Lowest coupon value" name="valueLowerLimit" form={form} inputMode="decimal" hint="In major units: 5.00" />
      <Input label="Highest coupon value" name="valueUpperLimit" form={form} inputMode="decimal" hint="In major units: 500.00" />
      <Input label="Sign-up opens" name="applyStartTime" form={form} type="datetime-local" />
      <Input label="Sign-up closes" name="applyEndTime" form={form} type="datetime-local" />
      <Input label="Activity starts" name="activityStartTime" form={form} type="datetime-local" />
      <Input label="Activity ends" name="activityEndTime" form={form} type="datetime-local" />
      <Submit form={form} label={submitLabel} />
    </form>
  );
}
