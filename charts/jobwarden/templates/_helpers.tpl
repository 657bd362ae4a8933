{{- define "jobwarden.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "jobwarden.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "jobwarden.labels" -}}
app.kubernetes.io/name: {{ include "jobwarden.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "jobwarden.selectorLabels" -}}
app.kubernetes.io/name: {{ include "jobwarden.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "jobwarden.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "jobwarden.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "jobwarden.tlsSecretName" -}}
{{- default (printf "%s-tls" (include "jobwarden.fullname" .)) .Values.tls.secretName -}}
{{- end -}}

{{/* Host name the API server verifies: <service>.<namespace>.svc */}}
{{- define "jobwarden.serviceHost" -}}
{{- printf "%s.%s.svc" (include "jobwarden.fullname" .) .Release.Namespace -}}
{{- end -}}

{{/* Fields shared by the validating and mutating webhook entries. */}}
{{- define "jobwarden.webhookCommon" -}}
admissionReviewVersions: ["v1", "v1beta1"]
sideEffects: None
failurePolicy: {{ .root.Values.webhook.failurePolicy }}
timeoutSeconds: {{ .root.Values.webhook.timeoutSeconds }}
matchPolicy: Equivalent
clientConfig:
  service:
    name: {{ include "jobwarden.fullname" .root }}
    namespace: {{ .root.Release.Namespace }}
    path: {{ .path }}
    port: {{ .root.Values.service.port }}
  {{- with .caBundle }}
  caBundle: {{ . }}
  {{- end }}
rules:
  - apiGroups: ["batch"]
    apiVersions: ["v1"]
    operations: ["CREATE", "UPDATE"]
    resources: ["jobs", "cronjobs"]
    scope: Namespaced
namespaceSelector:
  matchExpressions:
    - key: kubernetes.io/metadata.name
      operator: NotIn
      values:
        - {{ .root.Release.Namespace }}
        {{- range .root.Values.webhook.excludedNamespaces }}
        {{- if ne . $.root.Release.Namespace }}
        - {{ . }}
        {{- end }}
        {{- end }}
    {{- with .root.Values.webhook.namespaceSelectorExpressions }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- with .root.Values.webhook.objectSelector }}
objectSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if include "jobwarden.matchConditionsSupported" .root }}
{{- with .root.Values.webhook.matchConditions }}
matchConditions:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Non-empty when the target cluster has matchConditions on webhooks (GA in Kubernetes 1.30). */}}
{{- define "jobwarden.matchConditionsSupported" -}}
{{- if semverCompare ">=1.30-0" .Capabilities.KubeVersion.Version -}}true{{- end -}}
{{- end -}}

{{- define "jobwarden.caInjection" -}}
{{- if .Values.certManager.enabled }}
annotations:
  cert-manager.io/inject-ca-from: {{ .Release.Namespace }}/{{ include "jobwarden.fullname" . }}
{{- end }}
{{- end -}}
