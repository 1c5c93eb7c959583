import { useNavigate, useSearchParams } from 'react-router';
import { call, couponApi, newIdempotencyKey } from '../../api/client';
import { Input, Select, Submit, useForm } from '../../components/form';
import { DEDUCTIONS, TEMPLATE_FIELDS, TEMPLATE_TYPES, emptyTemplate, templateRequest, validateTemplate, valueFields, type TemplateValues } from '../../forms/template';

export function NewTemplate() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  return (
    <section>
      <h1>New coupon template</h1>
      <TemplateForm
        initial={emptyTemplate(params.get('activityId') ?? '')}
        onSubmit={async (values) => {
          const created = await call(
            couponApi.POST('/merchant/coupon-templates', { body: templateRequest(values), params: { header: { 'Idempotency-Key': newIdempotencyKey() } } }),
          );
          navigate(`/merchant/templates/${created.id}`);
        }}
      />
    </section>
  );
}

export function TemplateForm({ initial, onSubmit }: { initial: TemplateValues; onSubmit: (values: TemplateValues) => Promise<void> }) {
  const form = useForm(initial, validateTemplate, TEMPLATE_FIELDS);
  const shown = valueFields(form.values.type);
  return (
    <form className="grid-form" onSubmit={form.submit(onSubmit)} noValidate aria-label="Coupon template">
      <Input label="Activity id" name="activityId" form={form} inputMode="numeric" />
      <Input label="City id" name="cityId" form={form} inputMode="numeric" />
      <Input label="Title" name="title" form={form} />
      <Select label="Type" name="type" form={form} options={TEMPLATE_TYPES} />
      {shown.includes('amountOff') && <Input label="Amount off" name="amountOff" form={form} inputMode="decimal" hint="In major units: 300.00" />}
      {shown.includes('percentOff') && <Input label="Percent off" name="percentOff" form={form} inputMode="numeric" hint="1 to 99" />}
      {shown.includes('maxDiscount') && <Input label="Largest discount (optional)" name="maxDiscount" form={form} inputMode="decimal" />}
      {shown.includes('freeDays') && <Input label="Free days" name="freeDays" form={form} inputMode="numeric" />}
      {shown.includes('specialPrice') && <Input label="Special price" name="specialPrice" form={form} inputMode="decimal" />}
      {shown.includes('thresholdAmount') && <Input label="Minimum order (optional)" name="thresholdAmount" form={form} inputMode="decimal" />}
      {shown.includes('deduction') && <Select label="Deduction" name="deduction" form={form} options={DEDUCTIONS} />}
      <Input label="Total stock" name="totalStock" form={form} inputMode="numeric" />
      <Input label="Per-user limit" name="perUserLimit" form={form} inputMode="numeric" />
      <Select label="Validity" name="validity.type" form={form} options={['FIXED', 'FLOATING']} />
      {form.values['validity.type'] === 'FIXED' ? (
        <>
          <Input label="Valid from" name="validity.startTime" form={form} type="datetime-local" />
          <Input label="Valid until" name="validity.endTime" form={form} type="datetime-local" />
        </>
      ) : (
        <Input label="Valid for days after the claim" name="validity.days" form={form} inputMode="numeric" />
      )}
      <Select label="Audience" name="audience.type" form={form} options={['ALL', 'CROWD']} />
      {form.values['audience.type'] === 'CROWD' && <Input label="Crowd id" name="audience.crowdId" form={form} hint="Such as 42_all_fans" />}
      <Submit form={form} label="Create template" />
    </form>
  );
}
